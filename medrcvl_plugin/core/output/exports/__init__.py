"""Exports of a diagnostic: tables for partners, the national places standard, PostGIS."""
