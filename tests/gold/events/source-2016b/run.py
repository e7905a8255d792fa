import glob, json
exec(open("build.py").read())
for p in sorted(glob.glob("a*.py")):
    exec(open(p).read())
with open("events-2016b.jsonl","w") as o:
    for r in R: o.write(json.dumps(r, ensure_ascii=False)+"\n")
print(len(R))
