"""Demo catalogue: a fixed set of real datacenter networking parts for development and demos."""
