"""XP: what a rep, a hold second and a finished set are worth, and the combo that rewards steady good form.

The rules, all in `ScoringRules`:

- **A counted rep** earns `rep_xp` x (`floor_share` + (1 - `floor_share`) x quality) x the combo multiplier, rounded.
  A counted rep always earns something (half at quality 0): it was a real rep and the person should feel it; good form
  doubles it. 10 XP for a perfect rep keeps the numbers small enough to read at a glance on the HUD.
- **Combo.** Consecutive reps with quality >= `good_quality` build a combo. Every `combo_step_reps` good reps raise the
  multiplier by `combo_step`, up to `combo_max`: x1 for the first 4, x1.25 from the 5th, x1.5 from the 10th ... x2
  from the 20th. A rep below `good_quality`, a partial rep, a rep the classifier says was another exercise, or a
  skipped set resets it to 0. It carries over rests: a whole workout of clean reps is the thing to chase.
- **Set bonus.** Reaching a set's target (reps or hold seconds) adds `set_bonus_xp`, about five perfect reps: enough
  that finishing a set is worth more than skipping the last rep.
- **Holds** (plank) earn `hold_xp_per_s` for every full second held in good position (the counter only counts those),
  no combo. 4 XP/s puts a 30 s plank (120 XP) level with a 30 s set of ~12 perfect squats at 2.5 s each (120 XP), so no
  plan pays more just for being made of holds.

`good_quality` = 0.7 is a starting choice, not a measurement: retune it once the rep counter's quality scores on the
real clips are known (a combo should be hard but reachable for a person doing the movement properly).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScoringRules:
    """Every scoring constant, in one place (the reasoning is in the module docstring)."""

    rep_xp: float = 10.0
    floor_share: float = 0.5  # share of rep_xp a counted rep earns at quality 0
    good_quality: float = 0.7  # at or above: the rep builds the combo
    combo_step_reps: int = 5
    combo_step: float = 0.25
    combo_max: float = 2.0
    set_bonus_xp: int = 50
    hold_xp_per_s: float = 4.0


@dataclass(frozen=True)
class RepScore:
    """What one counted rep earned and the combo after it."""

    xp: int
    good: bool
    combo: int
    multiplier: float  # the multiplier this rep was scored with


def combo_multiplier(combo: int, rules: ScoringRules) -> float:
    """The multiplier for a rep that makes the combo `combo` long (1 for the first good rep)."""
    steps = max(0, combo) // rules.combo_step_reps
    return min(rules.combo_max, 1.0 + rules.combo_step * steps)


def rep_xp(quality: float, multiplier: float, rules: ScoringRules) -> int:
    """XP for one counted rep of this quality (clamped to 0..1) at this combo multiplier."""
    quality = min(1.0, max(0.0, quality))
    return round(rules.rep_xp * (rules.floor_share + (1.0 - rules.floor_share) * quality) * multiplier)


class ScoreKeeper:
    """The running score of one workout: XP so far, the current and best combo, and hold-second carry-over."""

    def __init__(self, rules: ScoringRules | None = None) -> None:
        self.rules = rules or ScoringRules()
        self.xp = 0
        self.combo = 0
        self.best_combo = 0
        self._held_s = 0.0  # hold time not yet paid out (less than a second)

    @property
    def multiplier(self) -> float:
        """The multiplier the next good rep would get."""
        return combo_multiplier(self.combo + 1, self.rules)

    def rep(self, quality: float) -> RepScore:
        """Score a counted rep: good ones extend the combo, others reset it."""
        good = quality >= self.rules.good_quality
        self.combo = self.combo + 1 if good else 0
        self.best_combo = max(self.best_combo, self.combo)
        multiplier = combo_multiplier(self.combo, self.rules) if good else 1.0
        xp = rep_xp(quality, multiplier, self.rules)
        self.xp += xp
        return RepScore(xp, good, self.combo, multiplier)

    def break_combo(self) -> None:
        """A partial or rejected rep, or a skipped set: the combo starts again."""
        self.combo = 0

    def set_completed(self) -> int:
        """The bonus for reaching a set's target; returns the XP added."""
        self.xp += self.rules.set_bonus_xp
        return self.rules.set_bonus_xp

    def hold(self, seconds: float) -> int:
        """Credit `seconds` more of a hold; returns the XP for the full seconds completed by it (the rest carries)."""
        self._held_s += max(0.0, seconds)
        whole = int(self._held_s + 1e-9)
        self._held_s = max(0.0, self._held_s - whole)
        xp = round(whole * self.rules.hold_xp_per_s)
        self.xp += xp
        return xp
