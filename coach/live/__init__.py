"""Live processing off the UI thread: capture -> pose -> features -> recognizer (-> a per-frame hook) in a worker.

No pygame here: the UI asks `LiveProcessor.poll()` for the newest `LiveFrame` and never waits for the model.
"""
