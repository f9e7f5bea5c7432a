"""Live processing off the UI thread: the per-frame step (pose, features, recognizer, rep counting) in a worker.

No pygame here: the UI asks `LiveProcessor.poll()` for the newest `LiveFrame` and never waits for the model.
"""
