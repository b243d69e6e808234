/** `npm run dist`: packages installers with electron-builder once the shell exists (a later issue). */
console.log('dist: not built yet — packaging comes with the Electron shell issue (electron-builder.yml is in place).');
