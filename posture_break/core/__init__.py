"""Pure core: no Qt, no apscheduler. Clock, randomness, paths and the alarm are injected."""
