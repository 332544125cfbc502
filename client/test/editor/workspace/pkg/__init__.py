"""A package for the wildcard-import scenario."""
