from tests.eval.relevance import area_under_curve, separation


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


def test_area_under_curve_counts_the_pairs_in_order() -> None:
    assert area_under_curve([0.9, 0.8], [0.7, 0.6]) == 1.0
    assert area_under_curve([0.6], [0.7, 0.6]) == 0.25  # below one, tied with the other
    assert area_under_curve([0.5, 0.9], [0.7]) == 0.5
