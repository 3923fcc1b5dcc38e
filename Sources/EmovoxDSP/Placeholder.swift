// Digital signal processing core.
