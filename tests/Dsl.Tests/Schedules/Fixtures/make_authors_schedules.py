#!/usr/bin/python3
"""Reference learning rates of the schedulers in the paper's code (isadrtdinov/ens-for-transfer,
utils/lr_schedule.py, as described in shared/reference/paper-and-original-code.md), produced with PyTorch's own
scheduler classes and stepped the way the authors' training loop (training/train.py) steps them:

  for epoch in 1..E + (N-1)*C:
      per_batch = ('fge' in name and epoch > E) or 'continious+' in name
      for each of B batches: record lr (and momentum); if per_batch: scheduler.step()
      if not per_batch: scheduler.step()

The lambdas below restate the formulas of that file; the stepping, CosineAnnealingWarmRestarts, CyclicLR and
SequentialLR are PyTorch's. Run with Debian's python3-torch (apt-get install python3-torch):

  /usr/bin/python3 make_authors_schedules.py > authors_schedules.json
"""
import json
import math
import sys
import types

import numpy as np
import torch


def make_scheduler(opt, a):
    name = a.scheduler

    def standard(epoch):
        last = a.epochs if 'warmup' not in name else a.epochs - a.warmup_epochs
        alpha = epoch / last
        if alpha <= 0.5:
            return 1.0
        if alpha <= 0.9:
            return 1.0 - (alpha - 0.5) / 0.4 * 0.99
        return 0.01

    def ramp(epoch):
        return (epoch + 1) / a.warmup_epochs

    def linear_warmup_then_cosine(epoch):
        if epoch < a.warmup_epochs:
            alpha = epoch / a.warmup_epochs
            return (1 - alpha) * (a.warmup_lr / a.lr) + alpha
        coef = (epoch - a.warmup_epochs) / (a.epochs - a.warmup_epochs)
        return 0.5 * (1 + np.cos(coef * np.pi))

    def cyclic(batches, first_phase):
        def f(t):
            if t < a.epochs * batches:
                return first_phase(t)
            factor = a.fge_lr / a.lr
            c = (t - a.epochs * batches) % (a.fge_epochs * batches)
            w = a.fge_warmup_epochs * batches
            if c < w:
                return (c + 1) / w * factor if name == 'cosine+warmup_cosine' else factor
            coef = (c - w) / (a.fge_epochs * batches - w)
            return 0.5 * (1 + np.cos(coef * np.pi)) * factor
        return f

    def triangular():
        total = a.batches_per_epoch * a.fge_epochs
        return torch.optim.lr_scheduler.CyclicLR(opt, base_lr=0.01 * a.fge_lr, max_lr=a.fge_lr,
                                                 step_size_up=total // 2, step_size_down=total - total // 2)

    L = torch.optim.lr_scheduler
    if name == 'standard':
        return L.LambdaLR(opt, standard)
    if name == 'cosine':
        return L.CosineAnnealingWarmRestarts(opt, T_0=a.epochs, eta_min=0)
    if name == 'continious+cosine':
        return L.CosineAnnealingWarmRestarts(opt, T_0=a.epochs * a.batches_per_epoch, eta_min=0)
    if name == 'warmup_standard':
        return L.SequentialLR(opt, [L.LambdaLR(opt, ramp), L.LambdaLR(opt, standard)], milestones=[a.warmup_epochs])
    if name in ('warmup_cosine', 'constant_cosine'):
        def warmup_cosine(epoch):
            if epoch < a.warmup_epochs:
                return ramp(epoch) * (a.warmup_lr / a.lr) if name == 'warmup_cosine' else a.warmup_lr / a.lr
            coef = (epoch - a.warmup_epochs) / (a.epochs - a.warmup_epochs)
            return 0.5 * (1 + np.cos(coef * np.pi))
        return L.LambdaLR(opt, warmup_cosine)
    if name == 'cosine+fge':
        return L.SequentialLR(opt, [L.CosineAnnealingLR(opt, a.epochs), triangular()], milestones=[a.epochs])
    if name == 'continious+cosine+sse':
        b = a.batches_per_epoch
        return L.LambdaLR(opt, cyclic(b, lambda t: 0.5 * (1 + np.cos(t / (a.epochs * b) * np.pi))))
    if name in ('cosine+warmup_cosine', 'cosine+constant_cosine'):
        return L.LambdaLR(opt, cyclic(1, lambda e: 0.5 * (1 + np.cos(e / a.epochs * np.pi))))
    if name == 'linear_warmup_cosine':
        return L.LambdaLR(opt, linear_warmup_then_cosine)
    if name == 'linear_warmup_cosine+cosine':
        def f(epoch):
            if epoch < a.epochs:
                return linear_warmup_then_cosine(epoch)
            factor = a.fge_lr / a.lr
            coef = ((epoch - a.epochs) % a.fge_epochs) / a.fge_epochs
            return 0.5 * (1 + np.cos(coef * np.pi)) * factor
        return L.LambdaLR(opt, f)
    if name == 'linear_warmup_cosine+fge':
        return L.SequentialLR(opt, [L.LambdaLR(opt, linear_warmup_then_cosine), triangular()], milestones=[a.epochs])
    if name == 'constant':
        return None
    raise ValueError(name)


def run(case):
    a = types.SimpleNamespace(**case)
    a.batches_per_epoch = case.get('batches_per_epoch', 1)
    for key, default in [('num_fge', 1), ('fge_epochs', a.epochs), ('fge_lr', a.lr), ('fge_warmup_epochs', 0),
                         ('warmup_epochs', 0), ('warmup_lr', a.lr)]:
        if not hasattr(a, key):
            setattr(a, key, default)
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=a.lr, momentum=0.9)
    sched = make_scheduler(opt, a)
    total = a.epochs + (a.num_fge - 1) * a.fge_epochs
    lrs, momenta = [], []
    for epoch in range(1, total + 1):
        per_batch = sched is not None and (('fge' in a.scheduler and epoch > a.epochs) or 'continious+' in a.scheduler)
        row_lr, row_m = [], []
        for _ in range(a.batches_per_epoch):
            row_lr.append(opt.param_groups[0]['lr'])
            row_m.append(opt.param_groups[0]['momentum'])
            if per_batch:
                sched.step()
        if sched is not None and not per_batch:
            sched.step()
        lrs.append(row_lr)
        momenta.append(row_m)
    return {'name': case['name'], 'args': {k: v for k, v in case.items() if k != 'name'}, 'lr': lrs, 'momentum': momenta}


CASES = [
    dict(name='standard', scheduler='standard', epochs=10, lr=0.1),
    dict(name='cosine (BYOL fine-tune)', scheduler='cosine', epochs=25, lr=0.05),
    dict(name='continious+cosine', scheduler='continious+cosine', epochs=4, lr=0.05, batches_per_epoch=5),
    dict(name='warmup_standard', scheduler='warmup_standard', epochs=10, lr=0.1, warmup_epochs=3),
    dict(name='warmup_cosine', scheduler='warmup_cosine', epochs=10, lr=0.1, warmup_epochs=3, warmup_lr=0.01),
    dict(name='constant_cosine', scheduler='constant_cosine', epochs=10, lr=0.1, warmup_epochs=3, warmup_lr=0.01),
    dict(name='cosine+fge', scheduler='cosine+fge', epochs=5, lr=0.05, num_fge=3, fge_epochs=4, fge_lr=0.02,
         batches_per_epoch=6),
    dict(name='cosine+fge (odd batches)', scheduler='cosine+fge', epochs=3, lr=0.05, num_fge=3, fge_epochs=3,
         fge_lr=0.04, batches_per_epoch=5),
    dict(name='continious+cosine+sse', scheduler='continious+cosine+sse', epochs=3, lr=0.05, num_fge=3, fge_epochs=2,
         fge_lr=0.1, batches_per_epoch=4),
    dict(name='cosine+warmup_cosine (BYOL SSE)', scheduler='cosine+warmup_cosine', epochs=25, lr=0.05, num_fge=5,
         fge_epochs=25, fge_lr=0.05, fge_warmup_epochs=0),
    dict(name='cosine+warmup_cosine (sweep cell lr x4, ep x0.5)', scheduler='cosine+warmup_cosine', epochs=25, lr=0.05,
         num_fge=5, fge_epochs=12, fge_lr=0.2, fge_warmup_epochs=0),
    dict(name='cosine+warmup_cosine (warm-up 2)', scheduler='cosine+warmup_cosine', epochs=6, lr=0.05, num_fge=3,
         fge_epochs=5, fge_lr=0.1, fge_warmup_epochs=2),
    dict(name='cosine+constant_cosine', scheduler='cosine+constant_cosine', epochs=6, lr=0.05, num_fge=3,
         fge_epochs=5, fge_lr=0.1, fge_warmup_epochs=2),
    dict(name='linear_warmup_cosine (Swin fine-tune)', scheduler='linear_warmup_cosine', epochs=102, lr=1e-4,
         warmup_epochs=10, warmup_lr=5e-7),
    dict(name='linear_warmup_cosine+cosine (Swin SSE)', scheduler='linear_warmup_cosine+cosine', epochs=20, lr=1e-4,
         warmup_epochs=2, warmup_lr=5e-7, num_fge=3, fge_epochs=10, fge_lr=2e-4),
    dict(name='linear_warmup_cosine+fge', scheduler='linear_warmup_cosine+fge', epochs=10, lr=1e-4, warmup_epochs=1,
         warmup_lr=5e-7, num_fge=3, fge_epochs=3, fge_lr=1e-4, batches_per_epoch=4),
    dict(name='constant', scheduler='constant', epochs=5, lr=0.1),
]

if __name__ == '__main__':
    json.dump({'generator': 'tests/Dsl.Tests/Schedules/Fixtures/make_authors_schedules.py',
               'torch': torch.__version__, 'cases': [run(c) for c in CASES]}, sys.stdout, indent=1)
    sys.stdout.write('\n')
