#!/usr/bin/env python3
"""Throughput: clean + normalize on a generated scraped-looking text, against autocorrect-py.

    bench/throughput.py [--mb 10] [--repeat 1] [--corpus DIR] [--cpu] [--profile] [--autocorrect-python PATH]

The input is generated (fixed seed): Chinese paragraphs whose punctuation a scraper folded to
ASCII (``,`` ``:`` ``(`` ``)`` ``......``), with times, ratios, numbers, URLs, English quotations,
stray spaces, indentation, full-width digits, a hard-wrapped section and a few platform notices.
Reported, in MB/s of UTF-8 input per CPU second (``time.process_time``, so other work on a
shared machine matters less than with wall time), all in one run on the same text:

* ``jingwen clean`` as the command does it (read bytes, clean, normalize, structure, write text);
* the clean stage alone (``--no-normalize``), and normalization alone on the cleaned document;
* autocorrect-py's ``format`` on the whole text (and line by line), when it is installed here
  or in the Python given by ``--autocorrect-python``.

Targets (issue 17): clean + normalize at 1.0x autocorrect-py's ``format`` on the whole text or
better, and the clean stage alone (``--no-normalize``) at 2x or better.

``--corpus DIR`` builds the input from real scraped pages instead (every .txt under DIR,
repeated to the size asked for; for instance the shared labelled corpus's raw/ folder), which
has fewer of the generated text's edge cases per line.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = [
    "近年来,我市把绿道建设作为改善人居环境的重要抓手,累计建成绿道三百余公里",
    "会议时间:2024年3月12日上午9:00,地点:公司三楼会议室",
    "比赛按3:1的比例分组,奖金共计3,256.8元,由工会统一发放",
    "请点击\"报名入口\"(推荐使用Chrome浏览器)完成登记",
    "他说:\"Stay hungry, stay foolish.\"然后笑了笑",
    "详情请访问https://example.com/notice?id=2024&lang=zh,或发送邮件至service@example.com",
    "什么是API?简单地说,它是程序之间约定好的接口",
    "随着我国加入WTO,温州轻工产品出口迅猛增长",
    "营业收入同比增长12.4%,利润率不低于8%;研发投入占比提高到5%以上",
    "软件版本v2.3.1已经发布!欢迎大家下载体验",
    "服务时间为周一至周五9:00-18:00(法定节假日除外)",
    "各小区按照\"四分类\"标准配置投放点,做到标识清楚、容器完好",
    "这种现象叫做\"瑞利散射\"(Rayleigh scattering),与波长的四次方成反比",
    "你今天去图书馆了吗?真是太好了",
    "等等......他沉默了很久,才说出一句话",
    "温州--中国鞋都,是一座充满活力的城市",
    "年龄集中在25~40岁,男女比例约为1:1.2",
    "本次调查共发放问卷1,200份,回收有效问卷1,158份,有效率为96.5%",
    "如果屏幕上出现了Hello, World!,恭喜你,你已经迈出了第一步",
    "第一步,安装Python(建议使用3.10或更高版本);第二步,打开命令行",
    "ＡＢＣ公司２０２４年营收增长３．５％,创历史新高",
    "面临着巨大的挑战 :首先,资源制约;其次,人才不足",
    "如果您已付费下载过本站文档,您可以点击 这里二次下载",
]
HEADINGS = ["一、基本情况", "二、主要做法", "三、存在问题", "四、下一步工作打算", "(一)完善设施", "(二)加强宣传"]
NOTICES = ["查看更多", "下载本文档", "文档评论(0)"]
WRAPPED = ("为了规范档案的收集、整理和保管工作,提高档案管理水平,根据有关法律法规的规定,结合本单位实际情况,"
           "特制定本办法。本办法适用于本单位各部门,各部门应当指定专人负责本部门文件材料的收集和整理,并按时移交。")


def generate(size: int, seed: int = 2024) -> str:
    """About ``size`` bytes of scraped-looking text."""
    rng = random.Random(seed)
    out: list[str] = ["温州发展产业集群化对策措施", ""]
    total = 0
    while total < size:
        r = rng.random()
        if r < 0.05:
            line = rng.choice(HEADINGS)
        elif r < 0.06:
            line = rng.choice(NOTICES)
        elif r < 0.08:  # a hard-wrapped paragraph, 30 characters a line
            for k in range(0, len(WRAPPED), 30):
                out.append(WRAPPED[k:k + 30])
                total += len(WRAPPED[k:k + 30].encode())
            out.append("")
            continue
        else:
            n = rng.randint(2, 6)
            line = "。".join(rng.choice(SENTENCES) for _ in range(n)) + "。"
            if rng.random() < 0.2:
                line = "    " + line
        out.append(line)
        total += len(line.encode()) + 1
    return "\n".join(out) + "\n"


def from_corpus(folder: Path, size: int) -> str:
    """About ``size`` bytes made of the .txt files under ``folder``, repeated."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt files under {folder}")
    blob = "\n\n".join(texts) + "\n\n"
    count = size // len(blob.encode("utf-8")) + 1
    return blob * count


def mbps(nbytes: int, seconds: float) -> float:
    return nbytes / 1e6 / seconds if seconds > 0 else float("inf")


CLOCK = time.perf_counter  # --cpu: time.process_time (this process's CPU time, steadier on a shared machine)


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = CLOCK()
        fn()
        times.append(CLOCK() - start)
    return min(times)


def jingwen_timings(data: bytes, repeat: int) -> dict[str, float]:
    from jingwen.cleaner.normalize import normalize
    from jingwen.cleaner.pipeline import run_stages
    from jingwen.cleaner.readers import read_bytes
    from jingwen.cleaner.settings import Settings

    def full(normalized: bool = True):
        doc = read_bytes(data, "bench.txt", "txt")
        doc = run_stages(doc, Settings(normalize=normalized))
        return doc.to_text()

    cleaned = run_stages(read_bytes(data, "bench.txt", "txt"), Settings(normalize=False))
    snapshot = [b.text for b in cleaned.blocks]

    def normalize_only():
        for block, text in zip(cleaned.blocks, snapshot, strict=True):
            block.text = text
        cleaned.log.clear()
        normalize(cleaned, Settings())

    normalize_only()  # a first run to fill the character caches
    snapshot_blocks = list(cleaned.blocks)

    def normalize_again():
        cleaned.blocks = list(snapshot_blocks)
        normalize_only()

    return {
        "clean+normalize": best_of(repeat, full),
        "clean only": best_of(repeat, lambda: full(False)),
        "normalize only": best_of(repeat, normalize_again),
    }


AUTOCORRECT_SCRIPT = r"""
import json, sys, time
import autocorrect_py
text = open(sys.argv[1], encoding="utf-8").read()
repeat = int(sys.argv[2])
def best(fn):
    times = []
    for _ in range(repeat):
        t = time.process_time(); fn(); times.append(time.process_time() - t)
    return min(times)
lines = text.split("\n")
print(json.dumps({"whole text": best(lambda: autocorrect_py.format(text)),
                  "line by line": best(lambda: [autocorrect_py.format(l) for l in lines])}))
"""


def autocorrect_timings(text: str, repeat: int, python: str | None) -> dict[str, float] | None:
    python = python or sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.txt"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run([python, "-c", AUTOCORRECT_SCRIPT, str(path), str(repeat)],
                                capture_output=True, text=True)
    if result.returncode != 0:
        return None
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="input size in MB (default 10)")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument("--profile", action="store_true", help="profile normalization and print the top")
    parser.add_argument("--autocorrect-python", help="a Python with autocorrect-py installed")
    parser.add_argument("--corpus", type=Path, help="build the input from the .txt files under this folder")
    parser.add_argument("--cpu", action="store_true",
                        help="time CPU seconds of this process, not wall time (for a loaded, shared machine)")
    args = parser.parse_args(argv)
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time

    text = from_corpus(args.corpus, int(args.mb * 1e6)) if args.corpus else generate(int(args.mb * 1e6))
    data = text.encode("utf-8")
    size = len(data)
    print(f"input: {size / 1e6:.1f} MB, {len(text.splitlines())} lines")
    if args.profile:
        import cProfile
        import pstats

        from jingwen.cleaner.pipeline import run_stages
        from jingwen.cleaner.readers import read_bytes
        from jingwen.cleaner.settings import Settings

        cProfile.runctx("run_stages(read_bytes(data, 'b.txt', 'txt'), Settings())", globals(),
                        {"run_stages": run_stages, "read_bytes": read_bytes, "data": data, "Settings": Settings},
                        "/tmp/jingwen-throughput.prof")
        pstats.Stats("/tmp/jingwen-throughput.prof").sort_stats("tottime").print_stats(25)
        return 0
    ours = jingwen_timings(data, args.repeat)
    for name, seconds in ours.items():
        print(f"jingwen {name:16} {seconds:7.2f} s  {mbps(size, seconds):7.1f} MB/s")
    theirs = autocorrect_timings(text, args.repeat, args.autocorrect_python)
    if theirs is None:
        print("autocorrect-py: not installed (pip install autocorrect-py, or --autocorrect-python PATH)")
        return 0
    for name, seconds in theirs.items():
        print(f"autocorrect-py {name:12} {seconds:7.2f} s  {mbps(size, seconds):7.1f} MB/s")
    whole = theirs["whole text"]
    print(f"clean+normalize vs autocorrect-py (whole text): {whole / ours['clean+normalize']:.2f}x (target 1.0x)")
    print(f"clean only (--no-normalize) vs autocorrect-py:  {whole / ours['clean only']:.2f}x (target 2x)")
    print(f"normalize alone vs autocorrect-py:              {whole / ours['normalize only']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
