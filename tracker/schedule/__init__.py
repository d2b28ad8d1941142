"""The schedule: APScheduler runs the main job (and any other command) on cron expressions from a config file.

See :mod:`tracker.schedule.runner` for the guarantees (one run at a time, missed runs coalesced, a database
lock across machines, clean shutdown) and :mod:`tracker.schedule.health` for the health file.
"""
