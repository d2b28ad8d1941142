"""Item pipelines: the storage pipeline is the only place the crawler writes to the database."""
