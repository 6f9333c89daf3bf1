"""Extensions: the run report and the monitors that judge it."""
