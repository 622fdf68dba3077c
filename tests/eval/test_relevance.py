from tests.eval.relevance import separation


def test_separation_refuses_at_most_one_answerable_in_twenty() -> None:
    answerable = [0.80 + i / 100 for i in range(20)]  # 0.80 … 0.99
    left_out = [0.70, 0.79, 0.805, 0.95]
    share, threshold = separation(answerable, left_out)
    # One answerable in twenty may be refused: the threshold is the second lowest score.
    assert threshold == 0.81
    assert sum(v < threshold for v in answerable) == 1
    assert share == 3 / 4


def test_separation_when_the_measure_does_not_separate() -> None:
    share, _ = separation([1.0, 2.0, 3.0], [2.5, 3.0])
    assert share == 0.0
