"""The event catalogue of a case. Every event carries who acted, when it legally happened and how."""
