"""Search segmentation: each run of Han characters is segmented by jieba once per process."""

from __future__ import annotations

import jieba
import pytest
from branchpress.core.site import search
from branchpress.core.site.search import ZWSP, Segmenter


@pytest.fixture
def counted_cuts(monkeypatch):
    search._split_run.cache_clear()
    runs = []
    cut = jieba.cut

    def counting(sentence, *args, **kwargs):
        runs.append(sentence)
        return cut(sentence, *args, **kwargs)

    monkeypatch.setattr(jieba, "cut", counting)
    yield runs
    search._split_run.cache_clear()


def test_a_run_met_again_is_not_segmented_again_and_reads_as_jieba_cuts_it(counted_cuts):
    text = "3月5日，志愿者走进社区。4月5日，志愿者走进社区。开展义诊。"
    segmented = Segmenter(None).segment(text)
    uncounted = [*counted_cuts]
    counted_cuts.clear()
    expected = search._HAN.sub(lambda m: ZWSP + ZWSP.join(jieba.cut(m.group(0))) + ZWSP, text)
    assert segmented == expected
    assert "走进" + ZWSP + "社区" in segmented
    # Each run once, though 月, 日 and 志愿者走进社区 are each met twice.
    assert sorted(uncounted) == ["开展义诊", "志愿者走进社区", "日", "月"]


def test_a_second_segmenter_in_the_same_process_reuses_the_runs(counted_cuts, tmp_path):
    Segmenter(tmp_path / "a.json").segment("支部召开党员大会")
    Segmenter(tmp_path / "b.json").segment("支部召开党员大会。")
    assert counted_cuts == ["支部召开党员大会"]
