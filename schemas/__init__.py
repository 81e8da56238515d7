"""The JSON Schemas of fourgood, installed with the package as ``fourgood.schemas``."""
