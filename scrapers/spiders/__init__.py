"""One spider per publishing platform; ``name`` is the platform and the module name."""
