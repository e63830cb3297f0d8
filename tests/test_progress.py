"""Progress for the long-running commands (bench, validate): a bar on a terminal that counts
the steps, nothing at all when stderr is a pipe or a file."""

import io

from ironlaw.cli.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_each_step_counted():
    screen = Terminal()
    steps = ("resnet50 batch 1", "resnet50 batch 8", "gpt2 batch 1")
    with progress_bar("validate", len(steps), screen) as step:
        for message in steps:
            step(message)
    text = screen.getvalue()
    assert "validate: gpt2 batch 1" in text
    assert "3/3" in text  # the last step is counted as done when the block ends


def test_a_pipe_gets_no_progress():
    pipe = io.StringIO()
    with progress_bar("validate", 3, pipe) as step:
        assert step is None
    assert pipe.getvalue() == ""
