"""What screening and export control both know about sanctions lists: the list model and
parsers, the matcher, the list store with its refresh, the settings of lists and thresholds,
the EU country regimes, and party screening with rule factories by the party's role.

Services import from here and never from one another."""
