"""Slides, group worksheets and a run sheet for dilemma workshops, from one YAML source."""
