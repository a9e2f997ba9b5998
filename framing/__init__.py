"""framing: how Chinese-language news frames an event, paragraph by paragraph, with the evidence."""

__version__ = "0.1.0"
