"""Storage for alpr-tracker: models, engine, migrations, repository and full-text search (DESIGN §2, §5)."""
