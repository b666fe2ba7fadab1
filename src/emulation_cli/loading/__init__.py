"""Reading YAML files, locating problems in them, and building the project model."""
