"""Monitoring and drift (lesson 14): detectors, drifting streams, the monitoring loop,
and what to do when the data changed (retrain or switch models).

Compute modules: :mod:`~helpers.monitor.detectors` (KS, PSI, chi-squared, MMD),
:mod:`~helpers.monitor.streams` (the captcha stream and a tabular stream with known
change points), :mod:`~helpers.monitor.loop` (windows, alerts, delays, the prediction
log and Prometheus ``/metrics`` text), :mod:`~helpers.monitor.served` (the loop
against lesson 13's real server), :mod:`~helpers.monitor.maintenance` (retrain vs a
stronger model), :mod:`~helpers.monitor.drift_grid` (the widget's precomputed
statistics). Figures in :mod:`~helpers.monitor.drift_plots`, the widget in
:mod:`~helpers.monitor.drift_widget`.
"""
