"""The rules R1-R10, one module each, so that each rule has one place to read and to test."""
