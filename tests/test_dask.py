"""build --dask: extraction on a Dask cluster (two local worker processes on 127.0.0.1) writes
the same file as a single-process build."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from diplograph.streaming import stream_build

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402  (installed with distributed)

ARTICLES = sorted(CORPUS.glob("*.txt"))[:5]


def quiet(line: str) -> None:
    pass


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_dask_output_equals_single_process(tmp_path, cluster, fmt):
    one = stream_build(map(str, ARTICLES), tmp_path / "one", fmt=fmt, html=False, report=quiet)
    dask = stream_build(
        map(str, ARTICLES),
        tmp_path / "dask",
        fmt=fmt,
        html=False,
        report=quiet,
        dask=cluster.scheduler_address,
        chunk_size=2,
    )
    name = one.outputs[0].name
    assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()
    assert dask.processed == one.processed


def test_unreachable_scheduler_is_a_user_error(tmp_path):
    from diplograph.errors import DiplographError

    with (
        dask.config.set({"distributed.comm.timeouts.connect": "2s"}),
        pytest.raises(DiplographError, match="cannot reach the scheduler"),
    ):
        stream_build(
            map(str, ARTICLES[:1]), tmp_path, html=False, report=quiet, dask="tcp://127.0.0.1:9"
        )
