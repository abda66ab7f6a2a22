"""Screening service: is this partner, one of its owners or representatives on a
sanctions or export-control list, or seated in a country under EU restrictive measures?"""
