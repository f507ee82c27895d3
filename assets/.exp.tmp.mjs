import { build } from 'vite';
import fs from 'node:fs';
const names = ['ElConfigProvider','ElContainer','ElHeader','ElAside','ElMain','ElMenu','ElMenuItem','ElSwitch','ElButton','ElForm','ElFormItem','ElInput','ElAlert','ElSelect','ElOption','ElCheckbox','ElTable','ElTableColumn','ElTag','ElDescriptions','ElDescriptionsItem','ElUpload','ElDialog','ElRate','ElRadioGroup','ElRadioButton','ElTabs','ElTabPane','ElSkeleton','ElEmpty','vLoading','ElMessage'];
async function test(list) {
  fs.writeFileSync('.exp-entry.tmp.js', `import { ${list.join(',')} } from 'element-plus/es'; console.log(${list.join(',')});`);
  const out = await build({ configFile: false, logLevel: 'silent', build: { write: false, rollupOptions: { input: '.exp-entry.tmp.js' } } });
  const c = out.output.find((o) => o.type === 'chunk').code;
  return [c.length, /ElTour/.test(c)];
}
console.log('all', await test(names));
for (const n of names) { const r = await test([n]); if (r[1] || r[0] > 150000) console.log(n, r); }
fs.unlinkSync('.exp-entry.tmp.js');
