"""The domain: commands, events, the state folded from them and the rules R1-R10; pure, no I/O."""
