"""Scoring: methodology profiles as versioned data (scoring/methodologies/*.yaml) + small formulas.

Entry points: scoring.api.score_run (pure), scoring.inputs.load_inputs / write_template (agency inputs).
"""
