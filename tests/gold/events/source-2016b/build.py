import json
R = []
def A(t, c, s): return {"text": t, "code": c, "sector": s}
def E(f, sent, trig, typ, src, tgt, loc=None, date=None, mod="asserted"):
    R.append({"file": f, "sentence": sent, "trigger": trig, "type": typ, "source": src, "target": tgt,
              "location": loc, "date_text": date, "modality": mod})
