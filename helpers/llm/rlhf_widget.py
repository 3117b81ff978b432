"""Lesson 18's widget: how does the KL coefficient beta change what REINFORCE
does to the reward model's score, the true score and the drift from the SFT model?
Every beta was trained once, in the shipped run; the slider only selects."""

from __future__ import annotations

from helpers.llm.rlhf_plots import plot_pg_run
from helpers.llm.rlhf_runs import RLHFRun, load_rlhf
from helpers.ui.widgets import InteractiveFigure, steps


def build_kl_widget(run: RLHFRun | None = None) -> InteractiveFigure:
    """A slider over the trained KL coefficients; draws that run's scores and KL per
    step. ``run`` defaults to the shipped RLHF run."""
    if run is None:
        run = load_rlhf(verbose=False)
    if not isinstance(run, RLHFRun):
        raise TypeError(f"run must be an RLHFRun, got {type(run).__name__}")
    betas = sorted(float(b) for b in run.pg_logs)
    main = float(run.config["beta"])
    controls = {"beta": steps("KL coefficient beta", betas, value=main)}

    def draw(axes, params) -> str:
        beta = params["beta"]
        plot_pg_run(run, beta=beta, axes=(axes[0, 0], axes[0, 1]))
        log = run.pg_logs[str(beta)]
        return (
            f"last 10 steps: reward model <b>{log['reward'][-10:].mean():+.2f}</b>, "
            f"rule (truth) <b>{log['true_score'][-10:].mean():+.2f}</b>, "
            f"KL <b>{log['kl'][-10:].mean():.2f}</b> nats"
        )

    return InteractiveFigure(
        controls,
        draw,
        ncols=2,
        figsize=(10, 3.4),
        adjust={
            "left": 0.08,
            "right": 0.98,
            "bottom": 0.16,
            "top": 0.88,
            "wspace": 0.3,
        },
        state=run,
    )
