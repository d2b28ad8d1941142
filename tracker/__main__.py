"""``python -m tracker`` runs the ``alpr-tracker`` command."""

from tracker.cli import main

main()
