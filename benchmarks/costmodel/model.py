# A port of ConvCostModel.predict (Sources/VGGRuntime/ConvCostModel.swift) for fitting its constants offline; P1 = the
# constants in the Swift source.
import json, re, math, itertools, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))
def ceil(x): return math.ceil(x)
def rows_from_text(path):
    out = []
    pat = re.compile(r"^(\S+)\s+(features\.\d+)\s+\[(.*?)\]\s+(\S+)\s+t(\d+) pred\s+([\d.]+) meas\s+([\d.]+)")
    for line in open(path):
        m = pat.match(line)
        if m:
            shape = [int(x) for x in m.group(3).split(",")]
            out.append(dict(cfg=m.group(1), name=m.group(2), inp=shape, algo=m.group(4), t=int(m.group(5)), pred=float(m.group(6)), meas=float(m.group(7))))
    return out
# cout per (cfg,name) from json rows (output shape)
def couts():
    d = {}
    for r in json.load(open(os.path.join(HERE, "rows.json"))):
        d[(r[0], r[1])] = r[3][1]
    return d
VGG16 = [64,64,128,128,256,256,256,512,512,512,512,512,512]
M = dict(peak=100e9, bw=32e9, cores=2, l2=1<<20, l3=32<<20, avx512=True)
def tiles_per_block(total, avx512=True):
    cap = 32 if total >= 512 else (128 if avx512 else 64)
    return min(cap, ((max(total,1)+15)//16)*16)
def gemm_columns(batch, pixels):
    folds = batch > 1 and pixels > 0 and 2*pixels <= 128
    if not folds: return batch * ((pixels+15)//16)*16, False
    per = 128 // pixels; groups = ceil(batch/per); last = batch - (groups-1)*per
    return (groups-1)*(((per*pixels)+15)//16*16) + ((last*pixels)+15)//16*16, True
def predict(P, method, b, cin, cout, h, w, t, k=3):
    cores = min(t, M["cores"]); peak = M["peak"]*cores
    bw = M["bw"]*(1 if cores >= 2 else 0.9)*P["memEff"]
    oh, ow = h, w
    pixels = b*oh*ow; depth = cin*k*k
    outB = 4*cout*pixels; inB = 4*b*cin*h*w
    panelRows = ceil(cout/6)*6; regions = 1
    if method == "gemm":
        padded, folds = gemm_columns(b, oh*ow)
        depthEff = min(1, depth/(depth+24))
        narrow = P["narrowEff"] if (padded <= 16*b and not folds) else 1
        tasks = ceil(b/max(1,128//max(oh*ow,1))) if folds else b*ceil(oh*ow/128)
        rep = max(1, min(ceil(cout/6), ceil(2*t/max(tasks,1)))) if tasks < 2*t else 1
        contiguous = (k == 1) or (ow >= 16)
        rate = P["wtfps"] if contiguous else P["tfps"]
        comp = 2*padded*panelRows*depth/(peak*P["gemmEff"]*depthEff*narrow) + rep*padded*depth/(rate*cores)
        wB = 4*panelRows*depth
    elif method in ("winograd-f4", "winograd-f2"):
        m = 4 if method == "winograd-f4" else 2; a2 = (m+2)**2
        tiles = b*ceil(h/m)*ceil(w/m)
        block = tiles_per_block(tiles); blocks = max(1, ceil(tiles/block))
        paddedTiles = ceil(tiles/16)*16
        depthEff = min(1, cin/(cin+P["winoK"]))
        comp = 2*a2*paddedTiles*panelRows*cin/(peak*P["winoEff"]*depthEff) + a2*paddedTiles*(cin+cout)/(P["wtfps"]*cores)
        tr = 4*a2*panelRows*cin
        wB = tr*(blocks if tr > M["l3"]/2 else 1)
        regions = 2 if blocks < 3*t else 1
    elif method == "stream":
        passes = max(1, ceil(pixels/32))
        comp = 2*pixels*cout*depth/(peak*P["streamEff"]) + pixels*depth/P["tfps"]
        raw = 4*cout*depth; wB = raw*(passes if raw > M["l2"] else 1)
    elif method == "gemm-rows":
        rows = ceil(pixels/6)*6; cols = ceil(cout/32)*32
        depthEff = min(1, depth/(depth+24))
        comp = 2*rows*cols*depth/(peak*P["rowsEff"]*depthEff) + rows*depth/(P["tfps"]*cores)
        wB = 4*cols*depth; regions = 2
    mem = (wB+inB+outB)/bw
    over = P["call"] + (P["sync"]*(t-1)*regions if t > 1 else 0)
    return max(comp, mem) + 0.2*min(comp, mem) + over
P1 = dict(gemmEff=0.9, winoEff=0.9, streamEff=0.4, tfps=0.65e9, wtfps=2.75e9, memEff=0.65, narrowEff=0.75, rowsEff=0.85, call=8e-6, sync=12e-6, winoK=16)
P0 = dict(gemmEff=0.8, winoEff=0.65, streamEff=0.35, tfps=1.5e9, wtfps=1.5e9, memEff=0.6, narrowEff=0.6, rowsEff=0.8, call=4e-6, sync=12e-6, winoK=24)
