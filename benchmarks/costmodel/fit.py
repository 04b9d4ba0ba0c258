# Measures every conv of eight networks with every method (bench --conv-algo M --format json), with its shape:
# python3 benchmarks/costmodel/fit.py [methods] [configs]  ->  rows.json beside this file (then see dofit.py).
import json, subprocess, sys, shlex, os
HERE = os.path.dirname(os.path.abspath(__file__))
B = os.environ.get("VGGSCOPE", ".build/release/vggscope")
configs = {
 "vgg16": "vgg16",
 "vgg16b8": "vgg16 --input 8x3x224x224",
 "cifar": "--blocks 2x64,2x128,3x256,3x512,3x512 --input 1x3x32x32 --head flatten --fc none --classes 10",
 "cifar8": "--blocks 2x64,2x128,3x256,3x512,3x512 --input 8x3x32x32 --head flatten --fc none --classes 10",
 "fashion": "--blocks 1x16,1x32,2x64,2x128,2x128 --input 64x1x96x96 --head flatten --fc 4096,4096 --classes 10",
 "v11at64": "--blocks 1x64,1x128,2x256,2x512,2x512 --input 1x3x64x64 --head flatten --fc 4096,4096 --classes 1000",
 "odd": "--blocks 1x64,1x128,2x256,2x512,2x512 --input 1x3x97x131 --head flatten --fc 1024 --classes 10",
 "few": "--blocks 2x16,2x32,2x64 --input 8x3x128x128 --head flatten --fc 256 --classes 10",
}
methods = sys.argv[1].split(",") if len(sys.argv) > 1 else ["auto", "gemm", "winograd", "winograd-f2", "gemm-rows", "stream"]
only = sys.argv[2].split(",") if len(sys.argv) > 2 else list(configs)
rows = []
for cname in only:
    args = shlex.split(configs[cname])
    summ = json.loads(subprocess.run([B, "summary"] + args + ["--format", "json"], capture_output=True, text=True).stdout)
    shapes, prev = {}, summ.get("input")
    for l in summ["layers"]:
        shapes[l["name"]] = {"input_shape": prev, "output_shape": l["output_shape"]}
        prev = l["output_shape"]
    for m in methods:
        rep = "3" if cname in ("vgg16b8", "fashion") else "10"
        out = subprocess.run([B, "bench"] + args + ["--conv-algo", m, "--repeat", rep, "--format", "json"], capture_output=True, text=True)
        if out.returncode: print(cname, m, out.stderr.strip()); continue
        j = json.loads(out.stdout)
        print(f"# {cname} {m}: total {j['total_ms']['median']:.2f} predicted {j['predicted_ms']:.2f}", flush=True)
        for l in j["layers"]:
            if l["kind"] != "Conv2d": continue
            s = shapes[l["name"]]
            rows.append((cname, l["name"], str(s.get("input_shape", s.get("input"))), s.get("output_shape"), l["algorithm"], l["threads"], l["predicted_ms"], l["median_ms"]))
            print(f"{cname:8s} {l['name']:12s} {str(s.get('input_shape')):22s} {l['algorithm']:12s} t{l['threads']} pred {l['predicted_ms']:7.3f} meas {l['median_ms']:7.3f} ratio {l['median_ms']/max(l['predicted_ms'],1e-9):5.2f}", flush=True)
json.dump(rows, open(os.path.join(HERE, "rows.json"), "w"))
