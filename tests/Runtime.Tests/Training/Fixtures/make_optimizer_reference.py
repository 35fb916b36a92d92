#!/usr/bin/python3
"""Reference trajectories of PyTorch's SGD and AdamW, for tests/Runtime.Tests/Training/OptimizerTests.cs.

Two parameters (a 3×4 matrix and a 4-vector) take 5 steps with fixed gradients and a different LR at every step;
one SGD case also changes the momentum at every step, as CyclicLR(cycle_momentum=True) does in the authors' FGE
schedules, and the AdamW case exempts the vector from weight decay, as the Swin recipe does for 1-D parameters.
Run with Debian's python3-torch:  /usr/bin/python3 make_optimizer_reference.py > optimizer_reference.json
"""
import json
import sys

import torch

CASES = [
    dict(name='sgd momentum 0.9, wd 1e-4', optimizer='sgd', momentum=0.9, wd=1e-4, nesterov=False),
    dict(name='sgd nesterov, wd 5e-4', optimizer='sgd', momentum=0.9, wd=5e-4, nesterov=True),
    dict(name='sgd plain', optimizer='sgd', momentum=0.0, wd=0.0, nesterov=False),
    dict(name='sgd cycled momentum', optimizer='sgd', momentum=0.9, wd=1e-4, nesterov=False,
         momenta=[0.9, 0.85, 0.8, 0.85, 0.9]),
    dict(name='adamw wd 0.25, no decay on 1-D', optimizer='adamw', wd=0.25, betas=(0.9, 0.999), eps=1e-8),
]
LRS = [0.1, 0.05, 0.2, 0.01, 0.07]


def run(case):
    g = torch.Generator().manual_seed(7)
    w = torch.randn(3, 4, generator=g)
    b = torch.randn(4, generator=g)
    grads = [(torch.randn(3, 4, generator=g), torch.randn(4, generator=g)) for _ in LRS]
    pw, pb = torch.nn.Parameter(w.clone()), torch.nn.Parameter(b.clone())
    if case['optimizer'] == 'sgd':
        opt = torch.optim.SGD([pw, pb], lr=LRS[0], momentum=case['momentum'], weight_decay=case['wd'],
                              nesterov=case['nesterov'])
    else:
        opt = torch.optim.AdamW([{'params': [pw]}, {'params': [pb], 'weight_decay': 0.0}], lr=LRS[0],
                                betas=case['betas'], eps=case['eps'], weight_decay=case['wd'])
    after = []
    for k, lr in enumerate(LRS):
        for group in opt.param_groups:
            group['lr'] = lr
            if 'momenta' in case:
                group['momentum'] = case['momenta'][k]
        pw.grad, pb.grad = grads[k][0].clone(), grads[k][1].clone()
        opt.step()
        after.append([pw.detach().flatten().tolist(), pb.detach().flatten().tolist()])
    return dict(case, initial=[w.flatten().tolist(), b.flatten().tolist()],
                grads=[[gw.flatten().tolist(), gb.flatten().tolist()] for gw, gb in grads], lrs=LRS, after=after)


if __name__ == '__main__':
    json.dump({'generator': 'tests/Runtime.Tests/Training/Fixtures/make_optimizer_reference.py',
               'torch': torch.__version__, 'cases': [run(c) for c in CASES]}, sys.stdout, indent=1)
    sys.stdout.write('\n')
