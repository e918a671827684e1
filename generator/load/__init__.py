"""Reading content/: which files are records, each read safely into plain data with the line of every
node, and a cache of what parsed cleanly. Nothing here knows the models."""
