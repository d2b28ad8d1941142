"""``alpr-tracker demo``: the whole main job offline, on a sample site served on 127.0.0.1 (README "Run it")."""
