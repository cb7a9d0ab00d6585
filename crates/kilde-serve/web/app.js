// The web UI is written in issue 4 §5.
