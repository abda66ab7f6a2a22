"""Explainable name matching: normalisation, a token index, and scoring features."""
