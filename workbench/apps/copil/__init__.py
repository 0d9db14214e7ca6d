"""The COPIL dashboard: barometer, lesson drill-down, participation, network, voices, pathways."""
