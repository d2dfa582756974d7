"""register: a council's governance records as versioned YAML in git, and the papers made from them."""

__version__ = "0.1.0"
