// PostGraphile 5 calls Promise.withResolvers (Node 22); the bench runs on Node 20, so it is preloaded with `node -r`.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
