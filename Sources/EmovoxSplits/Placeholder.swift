// Split algorithms: pure functions from sample groups to assignments.
