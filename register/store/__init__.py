"""Where records are kept: git, the blob cache, the settings, and the register at a version.

The only package that runs git.
"""
