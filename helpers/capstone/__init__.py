"""The capstone (lesson 15): the captcha reader through its whole lifecycle, each
stage a function that takes the previous stages' results.

Compute modules: :mod:`~helpers.capstone.stages` (formulate, acquire from lesson 01's
local API, label with lesson 07's active learning, train with lesson 11's trainer,
evaluate with lesson 12's metrics, export and quantize with lesson 13) and
:mod:`~helpers.capstone.operate` (serve with lesson 13's service, monitor with lesson
14's log monitor, relabel, retrain and redeploy; the summary table) and
:mod:`~helpers.capstone.timeline` (the served days end to end, for the figure in
:mod:`~helpers.capstone.capstone_plots`). The phase
orchestrates the other phases' public helpers and reimplements none of them.
"""
