"""Duikou (对口): planning, running and accounting for pairing-assistance programmes."""
