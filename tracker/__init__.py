"""alpr-tracker: find automated license-plate reader contracts in public meeting records.

See README.md for the tour; ../shared/DESIGN.md (mirrored in README "Architecture") for the data flow.
"""

__version__ = "0.1.0"
