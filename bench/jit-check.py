#!/usr/bin/env python3
"""What C2 did with the generated lane-kernel methods, from a HotSpot compilation log: for every C2 task of a method of
the classes named (default Net16F32, Net16F32L8, Net16F64, Net64F32), whether it succeeded, its code size, the intrinsics it used and
any inline failures (a Vector API call that is not inlined and intrinsified boxes its vectors).

  java -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=comp.xml ... (any run that warms the kernels,
      e.g. PKPO_JAVA_OPTS='-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=comp.xml' ./pkpo bench --seconds 10)
  bench/jit-check.py comp.xml [Class ...]
"""
import collections
import re
import sys

path = sys.argv[1]
classes = sys.argv[2:] or ['Net16F32', 'Net16F32L8', 'Net16F64', 'Net64F32']
text = open(path, errors='replace').read()
pattern = r"<task [^>]*method='org\.pkpo\.internal\.panama\.(%s) (\w+) [^']*'[^>]*>(.*?)</task>" % '|'.join(classes)
for m in re.finditer(pattern, text, re.S):
    cls, meth, body = m.group(1), m.group(2), m.group(3)
    if re.search(r"level='\d'", m.group(0)[:400]):
        continue  # C1 tiers carry a level attribute, C2 tasks none
    intr = collections.Counter(re.findall(r"<intrinsic id='(\w+)'", body))
    fails = collections.Counter(re.findall(r"<inline_fail reason='([^']*)'", body))
    done = re.search(r"<task_done success='(\d)'[^>]*nmsize='(\d+)'", body)
    print(f"{cls}.{meth}: C2 success={done.group(1) if done else '?'}, {done.group(2) if done else '?'} bytes of code; "
          f"{sum(intr.values())} intrinsics ({', '.join(f'{k} {v}' for k, v in intr.most_common(6))}); "
          f"inline failures: {dict(fails) or 'none'}")
