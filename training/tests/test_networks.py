import torch

from training.unet import ExportableBatchNorm, UNet, build_denoiser, build_embedder


def test_denoiser_and_embedder_shapes():
    cfg = {"widths": [8, 16, 24], "block_depth": 2, "embedding_dims": 16}
    d = build_denoiser(cfg, 1)
    x = torch.randn(3, 1, 28, 28)
    assert d(x, torch.rand(3, 1, 1, 1)).shape == (3, 1, 28, 28)
    e = build_embedder(cfg, 3)
    assert e(torch.randn(2, 3, 28, 28)).shape == (2, 3, 28, 28)
    r = build_embedder(cfg, 1, refiner=True)
    assert r(torch.randn(2, 2, 28, 28)).shape == (2, 1, 28, 28)


def test_padding_allows_three_poolings_on_28_pixels():
    net = UNet(1, 1, [8, 16, 24, 32], 1, embedding_dims=8, pad_to=32)
    with torch.no_grad():
        net.head.weight.normal_()
    out = net(torch.randn(2, 1, 28, 28), torch.rand(2, 1, 1, 1))
    assert out.shape == (2, 1, 28, 28)
    assert out.abs().sum() > 0


def test_head_starts_at_zero():
    net = UNet(1, 1, [8, 16], 1, embedding_dims=8)
    assert net(torch.randn(1, 1, 28, 28), torch.rand(1, 1, 1, 1)).abs().max() == 0


def test_exportable_batch_norm_matches_torch_in_eval_mode():
    ours = ExportableBatchNorm(5)
    ref = torch.nn.BatchNorm2d(5, affine=False, eps=1e-3, momentum=0.01)
    for bn in (ours, ref):
        bn.train()
        for _ in range(3):
            torch.manual_seed(1)
            bn(torch.randn(8, 5, 6, 6) * 3 + 2)
        bn.eval()
    x = torch.randn(4, 5, 6, 6)
    assert torch.allclose(ours(x), ref(x), atol=1e-6)


def test_noise_variance_changes_the_output():
    net = UNet(1, 1, [8, 16], 1, embedding_dims=8)
    with torch.no_grad():
        net.head.weight.normal_()
    net.eval()
    x = torch.randn(1, 1, 28, 28)
    a = net(x, torch.full((1, 1, 1, 1), 0.1))
    b = net(x, torch.full((1, 1, 1, 1), 0.9))
    assert (a - b).abs().max() > 1e-4
