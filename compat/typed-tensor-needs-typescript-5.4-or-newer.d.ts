// typed-tensor needs TypeScript 5.4 or newer: its shape checks are written with `NoInfer`, which
// older compilers do not have, and with `skipLibCheck` they would silently accept every shape
// mistake. package.json sends TypeScript < 5.4 here ("types@<5.4" in exports, typesVersions for
// the older resolutions). This file declares nothing and is deliberately not a module, so an
// import of typed-tensor fails with one error that names this file:
//   error TS2306: File '.../typed-tensor-needs-typescript-5.4-or-newer.d.ts' is not a module.
// Fix: npm install --save-dev typescript@">=5.4".
