import io

from qrmt.bench.progress import Progress, format_duration


def test_format_duration():
    assert format_duration(0) == "0:00"
    assert format_duration(59.6) == "1:00"
    assert format_duration(3725) == "1:02:05"


def test_non_tty_prints_only_a_final_line():
    buf = io.StringIO()
    bar = Progress(4, skipped=2, stream=buf)
    assert not bar.live
    for ok in (True, True, False):
        bar.update(ok=ok)
    assert buf.getvalue() == ""
    bar.close()
    line = buf.getvalue()
    assert line.count("\n") == 1 and "3/4" in line and " 75%" in line
    assert "1 failed" in line and "2 already stored" in line and "ETA" in line


def test_live_bar_redraws_in_place():
    buf = io.StringIO()
    bar = Progress(2, stream=buf, live=True, width=10)
    bar.update()
    assert buf.getvalue().startswith("\r[#####.....] 1/2  50%")
    bar.update()
    bar.close()
    assert buf.getvalue().endswith("\n") and "[##########] 2/2 100%" in buf.getvalue()
